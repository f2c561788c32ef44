"""Build of the one optional C extension, ``pipeline._walk`` (the cleaner's compiled walk).

Everything else is in pyproject.toml. The extension is optional: without a C compiler the
install still succeeds and the cleaner runs its Python walk (same output, slower).
"""
import sys

from setuptools import Extension, setup

# -O3: gcc vectorises the UTF-8 size count only from -O3 (some Pythons are built with -O2)
ARGS = [] if sys.platform == "win32" else ["-O3"]

try:
    from Cython.Build import cythonize
except ImportError:   # building without Cython (e.g. a plain sdist install): no extension
    ext_modules = []
else:
    ext_modules = cythonize(
        [Extension("pipeline._walk", ["pipeline/_walk.pyx"], optional=True, extra_compile_args=ARGS)],
        compiler_directives={"language_level": 3},
        quiet=True,
    )
    for ext in ext_modules:   # cythonize() copies the extensions without their `optional` flag
        ext.optional = True

setup(ext_modules=ext_modules)
