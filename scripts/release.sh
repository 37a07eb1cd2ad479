#!/usr/bin/env bash
# Builds the release archives into dist/:
#   creditsite_<版本>_<系统>_<架构>.zip (Windows) or .tar.gz, and SHA256SUMS.
#
#   scripts/release.sh                  # every target below
#   scripts/release.sh linux/amd64      # only the named ones
#   VERSION=v1.0.0 scripts/release.sh   # version to stamp (default: git describe)
#
# Each archive holds the binary, 使用说明.txt and, for Windows, the
# double-clickable 检查数据.bat, 生成网站.bat and 预览网站.bat. The build is
# reproducible: -trimpath, no cgo, the commit's own time as build date and
# as every file's time in the archives, files in name order, owner 0. It
# needs go, git, tar and gzip, and python3 for the Windows zips.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(windows/amd64 windows/arm64 linux/amd64 linux/arm64 darwin/arm64)

version=${VERSION:-$(git describe --tags --always --dirty)}
commit=$(git rev-parse HEAD)
date=$(git log -1 --format=%cI)
export SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)
out=${DIST:-dist}
ldflags="-s -w -X main.version=$version -X main.commit=$commit -X main.date=$date"

# zip_utf8 OUT NAME zips OUT/NAME into OUT/NAME.zip with the names flagged
# as UTF-8 (general purpose bit 11), which Windows' own unzip reads; Info-ZIP
# only adds an extra field that it ignores, showing the Chinese names garbled.
zip_utf8() {
  python3 - "$1" "$2" "$SOURCE_DATE_EPOCH" <<'PY'
import os, sys, time, zipfile
out, name, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.gmtime(epoch)[:6]
with zipfile.ZipFile(os.path.join(out, name + ".zip"), "w") as z:
    for f in sorted(os.listdir(os.path.join(out, name))):
        info = zipfile.ZipInfo(name + "/" + f, stamp)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(out, name, f), "rb") as src:
            z.writestr(info, src.read())
PY
}

rm -rf "$out"
mkdir -p "$out"
for t in "${targets[@]}"; do
  goos=${t%/*} goarch=${t#*/}
  name=creditsite_${version}_${goos}_${goarch}
  dir=$out/$name
  mkdir -p "$dir"
  exe=creditsite
  [ "$goos" = windows ] && exe=creditsite.exe
  CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -ldflags "$ldflags" -o "$dir/$exe" ./cmd/creditsite
  if [ "$goos" = windows ]; then
    # Notepad and cmd.exe want CRLF line ends (a checkout may have them
    # already: packaging/windows/.gitattributes asks for them).
    for f in packaging/使用说明.txt packaging/windows/*.bat; do
      sed 's/\r*$/\r/' "$f" >"$dir/$(basename "$f")"
    done
  else
    cp packaging/使用说明.txt "$dir/"
  fi
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  if [ "$goos" = windows ]; then
    zip_utf8 "$out" "$name"
  else
    tar -C "$out" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
      -cf - "$name" | gzip -n -9 >"$out/$name.tar.gz"
  fi
  rm -rf "$dir"
  echo "$out/$name"
done
(cd "$out" && sha256sum creditsite_* >SHA256SUMS)
