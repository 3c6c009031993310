"""The HTTP service (`bulletin-extract serve`): FastAPI over a pool of worker processes.

`settings` (what the CLI sets), `upload` (streaming a multipart body to a private
folder with its size checked as it arrives), `job` (one extraction in a worker, its
failure as a status and code), `pool` (the workers, their timeouts and replacement),
`app` (the routes and error bodies), `server` (uvicorn). See docs/service.md.
"""
