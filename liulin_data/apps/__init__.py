"""The applications, the top layer: the ``liulin`` command line, ``liulin plan new`` (:mod:`.extract`),
``liulin plan check``, ``liulin scorecard`` and the fill-in template."""

__all__: list[str] = []
