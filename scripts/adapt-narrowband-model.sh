#!/usr/bin/env bash
# Rebuilds models/speech/narrowband/{means,variances}: Debian's pocketsphinx en-US acoustic model adapted (MAP) to
# 8 kHz speech on the tuning split of the Free Spoken Digit Dataset (recordings 5–49 of each speaker; 0–4 stay held out).
# usage: scripts/adapt-narrowband-model.sh [DATA]     (default: .run/speech-data, filled by scripts/fetch-speech-data.sh)
# Needs, besides the packages in debian-packages.txt: sphinxtrain (bw, map_adapt), pocketsphinx (pocketsphinx_mdef_convert),
# python3. Takes about a minute of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-.run/speech-data}
[ -d "$data/fsdd" ] || scripts/fetch-speech-data.sh "$data"
model=/usr/share/pocketsphinx/model/en-us/en-us
train=/usr/lib/sphinxtrain
out=models/speech/narrowband
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/raw" "$work/feat" "$work/hmm" "$work/counts" "$work/adapted" "$out"

# The tuning split, resampled to 16 kHz as the host does (AudioDecoder), with its transcripts.
words=(zero one two three four five six seven eight nine)
for wav in "$data"/fsdd/*_*_*.wav; do
  name=$(basename "$wav" .wav)
  IFS=_ read -r digit _ index <<<"$name"
  [ "$index" -ge 5 ] || continue
  ffmpeg -nostdin -loglevel error -y -i "$wav" -ac 1 -ar 16000 -f s16le -acodec pcm_s16le "$work/raw/$name.raw"
  echo "$name" >>"$work/train.ctl"
  echo "<s> ${words[$digit]} </s> ($name)" >>"$work/train.trans"
done
grep -E '^(zero|one|two|three|four|five|six|seven|eight|nine)(\([0-9]\))? ' models/speech/finance.dict >"$work/digits.dict"

sphinx_fe -argfile "$model/feat.params" -samprate 16000 -c "$work/train.ctl" -di "$work/raw" -do "$work/feat" \
  -ei raw -eo mfc -raw yes -input_endian little >"$work/fe.log" 2>&1
cp "$model"/{means,variances,transition_matrices,noisedict,feat.params} "$work/hmm/"
pocketsphinx_mdef_convert -text "$model/mdef" "$work/hmm/mdef.txt" >"$work/mdef.log" 2>&1

# Debian ships the mixture weights only quantised (sendump); Baum-Welch wants them as a float table (mixture_weights).
python3 - "$model/sendump" "$work/hmm/mixture_weights" <<'PY'
import array, struct, sys
src = open(sys.argv[1], 'rb')
def text():
    n = struct.unpack('<I', src.read(4))[0]
    return None if n == 0 else src.read(n)[:-1].decode()
text()                      # title
header = {}
while (line := text()) is not None:
    key, *value = line.split()
    header[key] = value[0] if value else ''
shift, features = int(header.get('mixw_shift', 10)), int(header['feature_count'])
densities, senones = struct.unpack('<II', src.read(8))
# Stored per feature and density: one byte per senone, -log base 1.0001 shifted right by mixw_shift.
weights = [[[0.0] * densities for _ in range(features)] for _ in range(senones)]
for f in range(features):
    for d in range(densities):
        row = src.read(senones)
        for s in range(senones):
            weights[s][f][d] = 1.0001 ** -(row[s] << shift)
head = b's3\nversion 1.0\n'
pad = (len(head) + 7) & 3
head += (b' ' * (4 - pad) if pad else b'') + b'endhdr\n'
out = open(sys.argv[2], 'wb')
out.write(head + struct.pack('<i', 0x11223344) + struct.pack('<IIII', senones, features, densities, senones * features * densities))
table = array.array('f')
for s in range(senones):
    for f in range(features):
        total = sum(weights[s][f])
        table.extend(w / total for w in weights[s][f])
out.write(table.tobytes())
PY

"$train/bw" -hmmdir "$work/hmm" -moddeffn "$work/hmm/mdef.txt" -ts2cbfn .ptm. -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 \
  -cmn batch -agc none -dictfn "$work/digits.dict" -fdictfn "$work/hmm/noisedict" -ctlfn "$work/train.ctl" \
  -lsnfn "$work/train.trans" -cepdir "$work/feat" -accumdir "$work/counts" >"$work/bw.log" 2>&1
"$train/map_adapt" -moddeffn "$work/hmm/mdef.txt" -ts2cbfn .ptm. -meanfn "$work/hmm/means" -varfn "$work/hmm/variances" \
  -mixwfn "$work/hmm/mixture_weights" -tmatfn "$work/hmm/transition_matrices" -accumdir "$work/counts" \
  -mapmeanfn "$work/adapted/means" -mapvarfn "$work/adapted/variances" -mapmixwfn "$work/adapted/mixture_weights" \
  -maptmatfn "$work/adapted/transition_matrices" >"$work/map.log" 2>&1
cp "$work/adapted/means" "$work/adapted/variances" "$out/"
echo "adapted on $(wc -l <"$work/train.ctl") recordings: $out/means, $out/variances"
