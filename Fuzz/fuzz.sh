#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) and runs each for FUZZ_SECONDS.
# Usage: Fuzz/fuzz.sh [target...]     (default: every target in Fuzz/Targets)
# Env:   FUZZ_SECONDS (default 600), FUZZ_JOBS_DIR (default .build/fuzz), FUZZ_BUILD_ONLY=1
# Seeds come from Fuzz/corpus/<target>; new inputs go to a work corpus under .build/fuzz, so the
# committed corpus stays small. Crashes land in .build/fuzz/<target>/crash-*; the script exits 1
# when any target crashed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${FUZZ_JOBS_DIR:-$ROOT/.build/fuzz}"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-600}"
SAN=(-sanitize=fuzzer,address -parse-as-library -O -g)
INC=(-I "$ROOT/Sources/COpenSSL" -I "$OUT/modules")
mkdir -p "$OUT/modules" "$OUT/objects"

# Libraries: TextEscaping → JSONWriting → Diagnostics, Hashing → ModelArtifacts → ModelSigning, each one module
# + one object file.
build_module() {
  local name="$1"; shift
  swiftc "${SAN[@]}" "${INC[@]}" -module-name "$name" -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
    -wmo -c -o "$OUT/objects/$name.o" "$@"
}
BASE=(TextEscaping JSONWriting Diagnostics Hashing ModelArtifacts ModelSigning)
build_module TextEscaping "$ROOT"/Sources/TextEscaping/*.swift
build_module JSONWriting "$ROOT"/Sources/JSONWriting/*.swift
build_module Diagnostics "$ROOT"/Sources/Diagnostics/*.swift
build_module Hashing "$ROOT"/Sources/Hashing/*.swift
build_module ModelArtifacts "$ROOT"/Sources/ModelArtifacts/*.swift
build_module ModelSigning "$ROOT"/Sources/ModelSigning/*.swift

# The YAML side-file readers (MLmodel, model card) read YAML through SpecSyntax and the system libyaml
# (libyaml-dev, module CLibYAML): linked as it is, so only Paved's side of the parser is instrumented.
YAML_TARGETS=(mlmodel modelcard yaml)
INC+=(-I "$ROOT/Sources/CLibYAML")
build_module SpecSyntax "$ROOT"/Sources/SpecSyntax/*.swift
build_module QuantitySyntax "$ROOT"/Sources/QuantitySyntax/*.swift
build_module PlatformModel "$ROOT"/Sources/PlatformModel/*.swift
build_module ModelValidation "$ROOT"/Sources/ModelValidation/*.swift

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$ROOT"/Fuzz/Targets/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi
status=0
for t in "${targets[@]}"; do
  extra=()
  [[ " ${YAML_TARGETS[*]} " == *" $t "* ]] && extra=(-lyaml)
  mkdir -p "$OUT/$t/corpus"
  objects=()
  for m in "${BASE[@]}"; do objects+=("$OUT/objects/$m.o"); done
  [ ${#extra[@]} -gt 0 ] && objects=("$OUT"/objects/*.o "${extra[@]}")
  swiftc "${SAN[@]}" "${INC[@]}" -o "$OUT/$t/fuzz-$t" "$ROOT/Fuzz/Targets/$t.swift" "${objects[@]}" -lcrypto 2>&1 \
    | { grep -v "Cannot export local symbol" || true; }
  [ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && continue
  echo "== fuzz $t for ${SECONDS_PER_TARGET}s"
  if ! (cd "$OUT/$t" && ./"fuzz-$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 \
      -print_final_stats=1 corpus "$ROOT/Fuzz/corpus/$t" 2>&1 | tee "$OUT/$t/log.txt" | grep -E "^(Done [0-9]+ runs|stat::(number_of_executed_units|peak_rss_mb)|==[0-9]+==ERROR|SUMMARY)"); then
    :
  fi
  if ls "$OUT/$t"/crash-* "$OUT/$t"/leak-* "$OUT/$t"/timeout-* >/dev/null 2>&1; then
    echo "!! $t: crash artifacts in $OUT/$t"; status=1
  fi
done
exit $status
