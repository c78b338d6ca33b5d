package client.smoke;

import ai.synapses.transcribe.client.ApiClient;
import ai.synapses.transcribe.client.api.TranscriptionsApi;
import ai.synapses.transcribe.client.model.CustomSpelling;
import ai.synapses.transcribe.client.model.SubmitRequest;
import ai.synapses.transcribe.client.model.SubmitRequestPrivacySettings;
import ai.synapses.transcribe.client.model.SubmitRequestTranscriptionOptions;
import ai.synapses.transcribe.client.model.TranscriptionEnvelope;

import java.util.List;

/**
 * What an integrator writes against the client generated from openapi.yaml: submit (with a redaction substitution
 * and a spelling rule), then status.
 * Compiled and run by GeneratedClientTest together with the generated sources.
 */
public class ClientSmoke {

    public static String[] run(String baseUrl, String apiKey, String organizationId, String audioUrl) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
        TranscriptionsApi transcriptions = new TranscriptionsApi(client);

        SubmitRequest request = new SubmitRequest()
                .organizationId(organizationId)
                .transcriptionOptions(new SubmitRequestTranscriptionOptions()
                        .audioUrl(audioUrl)
                        .language(SubmitRequestTranscriptionOptions.LanguageEnum.EN))
                .privacySettings(new SubmitRequestPrivacySettings()
                        .piiRedactionEnabled(true)
                        .piiSubstitution(SubmitRequestPrivacySettings.PiiSubstitutionEnum.ENTITY_NAME))
                .customSpelling(List.of(new CustomSpelling().from(List.of("sequel")).to("SQL")));
        TranscriptionEnvelope accepted = transcriptions.submitTranscription(request, null);
        String id = accepted.getData().getTranscriptionId();
        TranscriptionEnvelope status = transcriptions.getTranscription(id);
        return new String[] {
                id,
                accepted.getData().getStatus().getValue(),
                String.valueOf(accepted.getBilling().getSynapsesCharged()),
                status.getData().getStatus().getValue(),
                String.valueOf(status.getData().getProgress()),
                String.valueOf(status.getData().getAudioMetadata().getDurationSeconds()),
                status.getData().getPrivacySettings().getPiiSubstitution().getValue(),
                status.getData().getCustomSpelling().get(0).getFrom().get(0) + " -> "
                        + status.getData().getCustomSpelling().get(0).getTo()
        };
    }
}
