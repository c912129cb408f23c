"""A warm pool of python3 kernels behind a papermill engine: the pool (:mod:`.pool`), the engine papermill
calls (:mod:`.engine`) and what runs inside each kernel (:mod:`.state`)."""

__all__: list[str] = []
