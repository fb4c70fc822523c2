#!/bin/sh
# Builds the example extension's image: ./build.sh [IMAGE] [VERSION]
# The backend is compiled here (static, so the image needs no libc) and the image is FROM scratch, so nothing is
# pulled. DOCKER and CC name other programs than docker and cc.
set -eu
cd "$(dirname "$0")"
IMAGE=${1:-berth-examples/hello-desktop-extension:1.0.0}
VERSION=${2:-1.0.0}
${CC:-cc} -static -O2 -o backend/backend backend/backend.c
${DOCKER:-docker} build -q --build-arg VERSION="$VERSION" -t "$IMAGE" .
