package ai.synapses.transcribe.probe;

import ai.synapses.transcribe.audioformat.AudioBytes;
import ai.synapses.transcribe.egress.EgressException;
import ai.synapses.transcribe.egress.RemoteAudio;

/**
 * A remote file as the container readers see it: each read a ranged fetch of the guarded client. The egress
 * client knows nothing of audio formats and the readers nothing of HTTP; the probe joins them here.
 */
record RemoteAudioBytes(RemoteAudio remote) implements AudioBytes {

    @Override
    public long size() {
        return remote.size();
    }

    @Override
    public byte[] read(long offset, int length) throws EgressException {
        return remote.read(offset, length);
    }
}
