"""The Python examples synthesize exactly what the TypeScript examples synthesize, byte for byte.

Each example runs as a user would run it (``python3 examples/python/<name>.py <outdir>`` and
``ts-node examples/<name>/main.ts <outdir>``), and the two output folders must hold the same files
with the same bytes. Needs the jsii Python runtime (see conftest.py) and node with the project's
node_modules. Run: ``python3 -m pytest test/python``.
"""
import difflib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# (TypeScript example folder, Python example module)
EXAMPLES = [
    ("blue-green", "blue_green"),
    ("canary-nginx", "canary_nginx"),
    ("gitops", "gitops"),
]


def run(cmd: list, cwd: Path, env: dict = None) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("ts_name,py_name", EXAMPLES, ids=[py for _, py in EXAMPLES])
def test_python_example_output_equals_typescript_output(ts_name: str, py_name: str, tmp_path: Path, python_env: dict) -> None:
    ts_out, py_out = tmp_path / "ts", tmp_path / "py"
    ts_node = ROOT / "node_modules" / ".bin" / "ts-node"
    run([str(ts_node), "--transpile-only", "--project", "tsconfig.dev.json", f"examples/{ts_name}/main.ts", str(ts_out)], cwd=ROOT)
    run([sys.executable, f"{py_name}.py", str(py_out)], cwd=ROOT / "examples" / "python", env=python_env)

    expected, actual = files(ts_out), files(py_out)
    assert expected, f"the TypeScript example {ts_name} wrote no files"
    assert sorted(actual) == sorted(expected), "the Python example writes other files than the TypeScript example"
    for name, content in expected.items():
        if actual[name] != content:
            diff = difflib.unified_diff(
                content.decode().splitlines(), actual[name].decode().splitlines(),
                f"typescript/{name}", f"python/{name}", lineterm="", n=2,
            )
            pytest.fail(f"{name} differs:\n" + "\n".join(list(diff)[:60]))
