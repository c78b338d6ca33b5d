package ai.synapses.transcribe.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a processing job's progress is recorded and extrapolated. */
@ConfigMapping(prefix = "transcribe.progress")
public interface ProgressSettings {

    /** At most one progress write per job this often (recognition reports every finished chunk). */
    @WithDefault("1s")
    Duration minInterval();

    /**
     * Before the first chunk finishes there is nothing to extrapolate from: the estimate assumes
     * recognition takes this fraction of the audio's duration (fvt-1 measured 0.05 to 0.3 here).
     */
    @WithDefault("0.3")
    double expectedRealTimeFactor();
}
