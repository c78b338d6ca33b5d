#!/usr/bin/env bash
# Makes the sample clips that quarkus:dev serves on https://localhost:8443/ for a first call.
# Needs espeak-ng and ffmpeg (Debian packages). Deterministic: same text, same voice.
set -euo pipefail
cd "$(dirname "$0")"
text="Hello and welcome. This is a short sample for the transcription API. \
Please call me back on four one five five five five zero one nine nine. Thank you and goodbye."
espeak-ng -v en-us -s 150 -w /tmp/sample-raw.wav "$text"
ffmpeg -loglevel error -y -i /tmp/sample-raw.wav -ar 16000 -ac 1 -c:a pcm_s16le welcome.wav
ffmpeg -loglevel error -y -i /tmp/sample-raw.wav -ar 16000 -ac 1 -c:a libmp3lame -b:a 32k welcome.mp3
rm -f /tmp/sample-raw.wav
