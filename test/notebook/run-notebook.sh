#!/usr/bin/env bash
# Executes examples/notebook.ipynb (or the notebook given as $1) with the tslab kernel, as CI does, and fails
# if a cell fails.
# Needs: the built package (npx tsup or npm run build), tslab (a dev dependency), and Debian's
# jupyter-notebook, python3-nbconvert and jupyter-client (apt-get install -y --no-install-recommends ...).
# The kernel is installed into a temp prefix, so nothing outside the project and /tmp changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
notebook=$(realpath "${1:-examples/notebook.ipynb}")
python=/usr/bin/python3 # another python3 may come first on PATH (pyenv); Jupyter is Debian's

if [ ! -f dist/index.js ] || [ ! -f dist/runner.js ]; then
  echo "run-notebook: the package is not built (dist/ is missing); run npx tsup first" >&2
  exit 1
fi
if ! "$python" -m nbconvert --version >/dev/null 2>&1; then
  echo "run-notebook: nbconvert is missing; apt-get install -y --no-install-recommends jupyter-notebook python3-nbconvert jupyter-client" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/qwak-batch-notebook.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$root/node_modules/.bin/tslab" install --python="$python" --binary="$root/node_modules/.bin/tslab" --prefix="$work/prefix" >/dev/null
export JUPYTER_PATH="$work/prefix/share/jupyter"
export JUPYTER_RUNTIME_DIR="$work/runtime"
export JUPYTER_DATA_DIR="$work/data"

# nbconvert runs the notebook with its own folder (examples/) as the working directory; it exits non-zero
# when a cell raises (allow_errors stays false), which is what fails CI.
"$python" -m nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout=180 \
  --output-dir "$work" --output executed.ipynb "$notebook"

# Belt and braces: no cell may hold an error output.
"$python" - "$work/executed.ipynb" <<'PY'
import json, sys
notebook = json.load(open(sys.argv[1]))
errors = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
if errors:
    sys.exit("run-notebook: a cell failed: " + errors[0].get("ename", "") + ": " + errors[0].get("evalue", ""))
# tslab leaves execution_count empty; the last cell printing its output shows that every cell ran.
if not code or not code[-1].get("outputs"):
    sys.exit("run-notebook: the last code cell printed nothing, so the notebook did not run to its end")
print(f"run-notebook: {len(code)} code cells ran without an error")
PY
