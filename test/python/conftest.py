"""Shared setup of the Python example tests.

The examples import ``cdk8s_progressive``, ``cdk8s``, ``cdk8s_plus_27`` and ``constructs``. Where
those are installed (``pip install dist/python/*.whl``, as in the GitHub workflow) they are used as
installed; otherwise the generated bindings in build/python-bindings (``npx projen python:bindings``)
are put on PYTHONPATH. Either way the jsii Python runtime (``pip install jsii``) must be installed.
"""
import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDINGS = ROOT / "build" / "python-bindings"
PACKAGES = ["cdk8s-progressive", "constructs", "cdk8s", "cdk8s-plus-27"]


@pytest.fixture(scope="session")
def python_env() -> dict:
    """Environment for running the examples with this interpreter."""
    if importlib.util.find_spec("jsii") is None:
        pytest.fail("the jsii Python runtime is not installed: pip install jsii (or pip install dist/python/*.whl)")
    env = dict(os.environ)
    if importlib.util.find_spec("cdk8s_progressive") is None:
        dirs = [BINDINGS / p / "python" / "src" for p in PACKAGES]
        missing = [str(d) for d in dirs if not d.is_dir()]
        if missing:
            pytest.fail(f"cdk8s_progressive is not installed and the generated bindings are missing ({', '.join(missing)}): "
                        "run `npx projen python:bindings` or `pip install dist/python/*.whl`")
        env["PYTHONPATH"] = os.pathsep.join([*map(str, dirs), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env
