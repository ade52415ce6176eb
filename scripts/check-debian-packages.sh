#!/usr/bin/env bash
# Checks that every program the code starts, every native library it P/Invokes and every system file it
# reads comes from a package in scripts/debian-packages.txt, from a package those depend on, or from
# Debian's essential set: a fresh machine has only Debian 12 and the .NET SDK, so anything else would
# work here only because somebody installed it by hand. A test runs this (DebianPackageListTests).
#   usage: scripts/check-debian-packages.sh [PACKAGE_LIST [FILE…]]   prints what it checked; exit 1 on a miss
#   FILE…: more files to check, e.g. the shared libraries a test saw the media engines load (/proc/self/maps).
set -euo pipefail
list=$(realpath "${1:-$(dirname "$0")/debian-packages.txt}")
loaded=("${@:2}")
cd "$(dirname "$0")/.."

code=$(find src tests bench -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*')
# Matches in code, not in comments (a doc comment may show new ProcessStartInfo("…") as an example).
in_code() { grep -hE "$1" $code | grep -vE '^\s*//' | grep -oE "$1"; }
# Programs started by name: new ProcessStartInfo("ffmpeg"), Tool.RunAsync("flite", …), RunAsync("t2p", …).
programs=$(in_code '(ProcessStartInfo|RunAsync)\("[^"/]+"' | sed -E 's/.*"(.*)"/\1/')
# The scripts' own tools: PostgreSQL's ($bin/initdb, $bin/pg_ctl) and the few others they call.
postgres_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
postgres_programs=$(grep -ohE '\$bin/[a-z_]+' scripts/*.sh | sed "s|\$bin|$postgres_bin|")
script_programs="psql runuser shuf realpath"
# Sonames of [DllImport("libc.so.6")] and of private const string Lib = "libtesseract.so.5".
sonames=$(in_code '(DllImport\(|const string [A-Za-z]+ = )"lib[^"]*\.so[^"]*"' | sed -E 's/.*"(.*)"/\1/')
# Absolute paths: "/usr/bin/convert", "/usr/share/tesseract-ocr/5/tessdata", …
paths=$(in_code '"/usr/[^"]+"' | tr -d '"')

# What a fresh machine has once the list is installed: the listed packages, everything they depend on, and
# the essential and required packages every Debian system has.
listed=$(grep -vE '^\s*(#|$)' "$list" | awk '{print $1}')
allowed=$( {
  echo "$listed"
  # shellcheck disable=SC2086
  apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
    --no-enhances $listed 2>/dev/null | sed -E 's/^ +\|?[A-Za-z]+: //; s/^ +//' | tr -d '<>' | cut -d: -f1
  dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" {print $1}'
} | sort -u)

# The packages owning a file (dpkg knows some as /bin/x, others as /usr/bin/x since usrmerge).
owners() {
  local path=$1 candidate
  for candidate in "$path" "${path#/usr}" "/usr$path" "$(realpath -m "$path")" "$(realpath -m "$path" | sed 's|^/usr||')"; do
    dpkg -S "$candidate" 2>/dev/null | grep -F ": $candidate" | head -1 | sed -E 's/: .*//; s/:[a-z0-9_]+//g; s/, /\n/g' && return 0
  done
  return 1
}

missing=0
check() {
  local what=$1 path=$2 packages
  if [ -z "$path" ] || [ ! -e "$path" ]; then
    echo "MISSING  $what: not on this machine; add the package that provides it to $list" >&2
    missing=$((missing + 1)); return
  fi
  if ! packages=$(owners "$path"); then
    echo "MISSING  $what: $path belongs to no Debian package (installed by hand?)" >&2
    missing=$((missing + 1)); return
  fi
  if grep -qxF -f <(echo "$packages") <(echo "$allowed"); then
    echo "ok       $what: $path ($(echo "$packages" | paste -sd' '))"
  else
    echo "MISSING  $what: $path comes from $(echo "$packages" | paste -sd' '), which $list does not name" >&2
    missing=$((missing + 1))
  fi
}

for program in $(echo "$programs" $script_programs | tr ' ' '\n' | sort -u); do
  [ "$program" = dotnet ] && continue   # the SDK is the one thing a fresh machine brings
  check "program $program" "$(command -v "$program" || true)"
done
for program in $(echo "$postgres_programs" | sort -u); do check "program $(basename "$program")" "$program"; done
for soname in $(echo "$sonames" | sort -u); do
  check "library $soname" "$(ldconfig -p | awk -v so="$soname" '$1 == so {print $NF; exit}')"
done
for path in $(echo "$paths" | sort -u); do check "file $path" "$path"; done
for path in "${loaded[@]}"; do check "loaded $path" "$path"; done

[ "$missing" -eq 0 ] || { echo "$missing thing(s) the code uses are not covered by $list" >&2; exit 1; }
