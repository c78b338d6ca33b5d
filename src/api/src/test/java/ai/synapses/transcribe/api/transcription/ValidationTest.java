package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every way a submit can be wrong: 400 with a stable code and the offending field, and nothing changes. */
@QuarkusTest
class ValidationTest {

    static HttpsFileServer audio;
    static Customer customer;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/a.wav", ai.synapses.transcribe.api.TestAudio.wav(1, 16000), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    /** A valid request with one part replaced: ORG, URL and LANG are filled in, EXTRA goes at top level. */
    static String request(String transcriptionOptions, String extra) {
        return "{\"organization_id\": \"ORG\", \"transcription_options\": " + transcriptionOptions
                + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON                | {"organization_id": "ORG", | invalid_json |
            not an object                 | [1, 2, 3] | invalid_json |
            trailing garbage              | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}} x | invalid_json |
            duplicate key                 | {"organization_id": "ORG", "organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}} | invalid_json |
            missing organization_id       | {"transcription_options": {"language": "en", "audio_url": "URL"}} | missing_field | organization_id
            missing transcription_options | {"organization_id": "ORG"} | missing_field | transcription_options
            missing audio_url             | {"organization_id": "ORG", "transcription_options": {"language": "en"}} | missing_field | transcription_options.audio_url
            missing language              | {"organization_id": "ORG", "transcription_options": {"audio_url": "URL"}} | missing_field | transcription_options.language
            organization_id not a string  | {"organization_id": 42, "transcription_options": {"language": "en", "audio_url": "URL"}} | invalid_type | organization_id
            organization_id not org_      | {"organization_id": "acme", "transcription_options": {"language": "en", "audio_url": "URL"}} | invalid_organization_id | organization_id
            unknown top-level field       | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speed": 2} | unknown_field | speed
            typo diarisation_enabled      | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"diarisation_enabled": true}} | unknown_field | speaker_analysis.diarisation_enabled
            boolean as string             | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"diarization_enabled": "true"}} | invalid_type | speaker_analysis.diarization_enabled
            count as float                | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"diarization_enabled": true, "speakers_expected_count": 2.5}} | invalid_type | speaker_analysis.speakers_expected_count
            count as string               | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"diarization_enabled": true, "speakers_expected_count": "2"}} | invalid_type | speaker_analysis.speakers_expected_count
            speakers 0                    | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"diarization_enabled": true, "speakers_expected_count": 0}} | invalid_speakers_expected_count | speaker_analysis.speakers_expected_count
            speakers 11                   | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"diarization_enabled": true, "speakers_expected_count": 11}} | invalid_speakers_expected_count | speaker_analysis.speakers_expected_count
            speakers without diarization  | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "speaker_analysis": {"speakers_expected_count": 2}} | diarization_not_enabled | speaker_analysis.speakers_expected_count
            options not an object         | {"organization_id": "ORG", "transcription_options": "URL"} | invalid_type | transcription_options
            http audio_url                | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "http://example.com/a.wav"}} | audio_url_not_https | transcription_options.audio_url
            ftp audio_url                 | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "ftp://example.com/a.wav"}} | audio_url_not_https | transcription_options.audio_url
            relative audio_url            | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "/a.wav"}} | audio_url_invalid | transcription_options.audio_url
            audio_url with credentials    | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "https://user:secret@example.com/a.wav"}} | audio_url_has_credentials | transcription_options.audio_url
            unknown language              | {"organization_id": "ORG", "transcription_options": {"language": "xx", "audio_url": "URL"}} | unsupported_language | transcription_options.language
            contract language, no model   | {"organization_id": "ORG", "transcription_options": {"language": "de", "audio_url": "URL"}} | language_not_available | transcription_options.language
            unknown priority              | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "priority": "asap"} | invalid_priority | priority
            unknown PII policy            | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "privacy_settings": {"pii_redaction_enabled": true, "pii_policies": ["email", "shoe_size"]}} | unknown_pii_policy | privacy_settings.pii_policies[1]
            policies as a string          | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "privacy_settings": {"pii_redaction_enabled": true, "pii_policies": "email"}} | invalid_type | privacy_settings.pii_policies
            policies without redaction    | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "privacy_settings": {"pii_policies": ["email"]}} | pii_redaction_not_enabled | privacy_settings.pii_policies
            unknown pii_substitution      | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "privacy_settings": {"pii_redaction_enabled": true, "pii_substitution": "stars"}} | invalid_pii_substitution | privacy_settings.pii_substitution
            substitution without redaction | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "privacy_settings": {"pii_substitution": "hash"}} | pii_redaction_not_enabled | privacy_settings.pii_substitution
            webhook over http             | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "webhook": {"url": "http://example.com/hook"}} | webhook_url_not_https | webhook.url
            webhook without url           | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "webhook": {"events": ["transcription.completed"]}} | missing_field | webhook.url
            unknown webhook event         | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "webhook": {"url": "https://example.com/hook", "events": ["transcription.started"]}} | unknown_webhook_event | webhook.events[0]
            spelling not a list           | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": {"from": ["sequel"], "to": "SQL"}} | invalid_type | custom_spelling
            spelling without to           | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": ["sequel"]}]} | missing_field | custom_spelling[0].to
            spelling without from         | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"to": "SQL"}]} | missing_field | custom_spelling[0].from
            spelling from empty           | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": [], "to": "SQL"}]} | invalid_custom_spelling | custom_spelling[0].from
            spelling from blank           | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": ["sequel", " ,. "], "to": "SQL"}]} | invalid_custom_spelling | custom_spelling[0].from[1]
            spelling to blank             | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": ["sequel"], "to": "  "}]} | invalid_custom_spelling | custom_spelling[0].to
            spelling from repeated        | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": ["sequel"], "to": "SQL"}, {"from": ["Sequel"], "to": "Sequel"}]} | duplicate_custom_spelling | custom_spelling[1].from[0]
            spelling unknown field        | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": ["sequel"], "to": "SQL", "case": true}]} | unknown_field | custom_spelling[0].case
            spelling to not a string      | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "custom_spelling": [{"from": ["sequel"], "to": 7}]} | invalid_type | custom_spelling[0].to
            unknown intelligence flag     | {"organization_id": "ORG", "transcription_options": {"language": "en", "audio_url": "URL"}, "intelligence_features": {"summary_enabled": true}} | unknown_field | intelligence_features.summary_enabled
            """)
    void refusesWithCodeAndField(String name, String body, String code, String field) {
        ensureCustomer();
        given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(body.replace("ORG", customer.organizationId()).replace("URL", audio.url("/a.wav")))
                .post("/v1/audio/transcribe")
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("error.code", equalTo(code))
                .body("error.message", notNullValue())
                .body("error.field", field == null ? nullValue() : equalTo(field))
                .body("metadata.request_id", notNullValue());
        assertNothingChanged();
    }

    @Test
    void refusesMoreThanAHundredSpellingRules() {
        ensureCustomer();
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            rules.append(i == 0 ? "" : ", ").append("{\"from\": [\"word").append(i).append("\"], \"to\": \"W").append(i).append("\"}");
        }
        given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(request("{\"language\": \"en\", \"audio_url\": \"" + audio.url("/a.wav") + "\"}",
                        "\"custom_spelling\": [" + rules + "]").replace("ORG", customer.organizationId()))
                .post("/v1/audio/transcribe")
                .then().statusCode(400).body("error.code", equalTo("too_many_custom_spelling_rules"))
                .body("error.field", equalTo("custom_spelling"));
        assertNothingChanged();
    }

    @Test
    void refusesOverlongAudioUrl() {
        ensureCustomer();
        String url = "https://example.com/" + "a".repeat(2100) + ".wav";
        given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(request("{\"language\": \"en\", \"audio_url\": \"" + url + "\"}", "").replace("ORG", customer.organizationId()))
                .post("/v1/audio/transcribe")
                .then().statusCode(400).body("error.code", equalTo("audio_url_too_long"))
                .body("error.field", equalTo("transcription_options.audio_url"));
        assertNothingChanged();
    }

    @Test
    void refusesOtherContentTypesAndOverlongIdempotencyKeys() {
        ensureCustomer();
        given().header("Authorization", customer.bearer()).contentType(ContentType.TEXT).body("hello")
                .post("/v1/audio/transcribe")
                .then().statusCode(415).body("error.code", equalTo("unsupported_media_type"));
        given().header("Authorization", customer.bearer()).header("Idempotency-Key", "k".repeat(256))
                .contentType(ContentType.JSON)
                .body(request("{\"language\": \"en\", \"audio_url\": \"" + audio.url("/a.wav") + "\"}", "")
                        .replace("ORG", customer.organizationId()))
                .post("/v1/audio/transcribe")
                .then().statusCode(400).body("error.code", equalTo("invalid_idempotency_key"))
                .body("error.message", containsString("255"));
        assertNothingChanged();
    }

    private void ensureCustomer() {
        if (customer == null) {
            customer = Customers.create(1000);
            queue.drain(0);
        }
    }

    private void assertNothingChanged() {
        assertEquals(1000, db.balance(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        assertEquals(0, audio.requestCount("/a.wav"), "no audio was fetched for a bad request");
        assertEquals(List.of(), queue.drain(0));
    }
}
