package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One rule of the request's {@code custom_spelling} (AssemblyAI's shape): each word or phrase of {@code from},
 * matched whatever its case, is written as {@code to}, exactly as given, in the text and the words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomSpelling(List<String> from, String to) {
}
