#!/usr/bin/env python3
"""Checks the Python wheel that `npx projen package:python` built (standard library only).

Usage: check_wheel.py <dist/python> <.jsii>

The wheel must hold the ``cdk8s_progressive`` package with a class for every type of the jsii
assembly, the ``py.typed`` marker, and the jsii tarball of this version (which the jsii runtime
loads; it must contain the assembly and the compiled JavaScript). Its metadata must name the
runtime dependencies, and its README must be the rosetta translation (Python samples, no
TypeScript left). Exits 1 listing every problem.
"""
import io
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

MODULE = "cdk8s_progressive"
REQUIRES = ["jsii", "publication", "cdk8s", "cdk8s-plus-27", "constructs"]


def check(dist: Path, assembly_file: Path) -> list:
    assembly = json.loads(assembly_file.read_text())
    wheels = sorted(dist.glob("*.whl"))
    if len(wheels) != 1:
        return [f"expected one wheel in {dist}, found {[w.name for w in wheels]}"]
    problems = []
    with zipfile.ZipFile(wheels[0]) as whl:
        names = set(whl.namelist())
        tarball = f"{MODULE}/_jsii/{assembly['name']}@{assembly['version']}.jsii.tgz"
        for required in [f"{MODULE}/__init__.py", f"{MODULE}/py.typed", f"{MODULE}/_jsii/__init__.py", tarball]:
            if required not in names:
                problems.append(f"missing {required}")
        if f"{MODULE}/__init__.py" in names:
            source = whl.read(f"{MODULE}/__init__.py").decode()
            types = sorted(fqn.split(".", 1)[1] for fqn in assembly.get("types", {}))
            missing = [t for t in types if not re.search(rf"^class {re.escape(t)}\b", source, re.M)]
            if missing:
                problems.append(f"{MODULE}/__init__.py lacks {len(missing)} of {len(types)} types: {', '.join(missing)}")
            if not types:
                problems.append("the assembly has no types")
        if tarball in names:
            with tarfile.open(fileobj=io.BytesIO(whl.read(tarball))) as tgz:
                members = set(tgz.getnames())
                for required in ["package/.jsii", "package/lib/index.js", "package/package.json"]:
                    if required not in members:
                        problems.append(f"{tarball} lacks {required}")
        metadata_files = [n for n in names if n.endswith(".dist-info/METADATA")]
        if not metadata_files:
            problems.append("missing *.dist-info/METADATA")
        else:
            metadata = whl.read(metadata_files[0]).decode()
            requires = re.findall(r"^Requires-Dist: ([A-Za-z0-9_.-]+)", metadata, re.M)
            for dep in REQUIRES:
                if dep not in requires:
                    problems.append(f"METADATA does not require {dep} (Requires-Dist: {requires})")
            if "```ts" in metadata or "```python" not in metadata:
                problems.append("the README in METADATA is not the Python translation of the samples (```ts left or no ```python)")
        if not problems:
            print(f"{wheels[0]}: {MODULE} with {len(types)} types, {tarball} "
                  f"({whl.getinfo(tarball).file_size // 1024} KB), requires {', '.join(REQUIRES)}")
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    found = check(Path(sys.argv[1]), Path(sys.argv[2]))
    for problem in found:
        print(f"check_wheel: {problem}", file=sys.stderr)
    sys.exit(1 if found else 0)
