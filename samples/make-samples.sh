#!/usr/bin/env bash
# Makes jfk.mp3, the MP3 twin of jfk.wav, so that dev mode serves the sample in both formats.
# jfk.wav is committed as it was published (see README.md here); only the MP3 is made from it.
# Needs ffmpeg (Debian package). Deterministic: no metadata, bit-exact muxer.
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -loglevel error -y -i jfk.wav -ar 16000 -ac 1 -c:a libmp3lame -b:a 32k -map_metadata -1 -fflags +bitexact jfk.mp3
echo "wrote $(pwd)/jfk.mp3 ($(stat -c %s jfk.mp3) bytes)"
