#!/usr/bin/env bash
# Makes pii-clip.wav, the spoken clip of PiiPipelineTest: a name, a phone number and an email address, read
# by espeak-ng and resampled to 16 kHz mono 16-bit PCM. The WAV is committed (CI has neither tool); run this
# again only to change what it says:   apt-get install -y espeak-ng ffmpeg && ./make-pii-clip.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the voice, speed and gap are the ones the fvt-1 engine hears best (en-us+f2 at 130 words a minute): the
# test is about redaction, not about how well the engine copes with a synthetic voice
text="Hello. My name is John Smith. You can call me at four one five, five five five, oh one nine nine.
My email address is john at yahoo dot com. Thank you, the support team was really helpful today."
espeak-ng -v en-us+f2 -s 130 -g 3 -w "$tmp/voice.wav" "$text"
ffmpeg -loglevel error -y -i "$tmp/voice.wav" -ar 16000 -ac 1 -c:a pcm_s16le -map_metadata -1 -fflags +bitexact \
    "$here/pii-clip.wav"
echo "wrote $here/pii-clip.wav ($(stat -c %s "$here/pii-clip.wav") bytes)"
