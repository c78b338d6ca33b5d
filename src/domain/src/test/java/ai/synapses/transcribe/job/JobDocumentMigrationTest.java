package ai.synapses.transcribe.job;

import ai.synapses.transcribe.json.JsonColumns;
import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.SpeakerAnalysis;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import ai.synapses.transcribe.transcript.Webhook;
import ai.synapses.transcribe.transcript.Word;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * V11 on a job written before it, in a real PostgreSQL: its options and result, stored as text (the worker's
 * result with {@code "speaker": null} on every word, as its mapper wrote it), become {@code jsonb} with the
 * same content, and read into the records as the entity reads them, with nothing lost.
 */
class JobDocumentMigrationTest {

    static final String OPTIONS = "{\"speaker_analysis\":{\"diarization_enabled\":false},"
            + "\"intelligence_features\":{\"sentiment_analysis_enabled\":true,\"entity_detection_enabled\":false,"
            + "\"auto_highlights_enabled\":false,\"summarization_enabled\":false},"
            + "\"privacy_settings\":{\"pii_redaction_enabled\":true,\"pii_policies\":[\"phone_number\"],\"pii_substitution\":\"hash\"},"
            + "\"webhook\":{\"url\":\"https://hooks.example.com/t?token=s3cret\",\"events\":[\"transcription.completed\"]}}";

    static final String RESULT = "{\"text\":\"call ### now\","
            + "\"words\":[{\"text\":\"call\",\"start\":0,\"end\":300,\"confidence\":0.9,\"speaker\":null},"
            + "{\"text\":\"###\",\"start\":300,\"end\":900,\"confidence\":0.8,\"speaker\":null},"
            + "{\"text\":\"now\",\"start\":900,\"end\":1200,\"confidence\":0.7,\"speaker\":null}],"
            + "\"utterances\":[{\"speaker\":null,\"text\":\"call ### now\",\"start\":0,\"end\":1200,\"confidence\":0.8,"
            + "\"words\":[{\"text\":\"call\",\"start\":0,\"end\":300,\"confidence\":0.9,\"speaker\":null},"
            + "{\"text\":\"###\",\"start\":300,\"end\":900,\"confidence\":0.8,\"speaker\":null},"
            + "{\"text\":\"now\",\"start\":900,\"end\":1200,\"confidence\":0.7,\"speaker\":null}]}],"
            + "\"confidence\":0.8,\"audio_duration_seconds\":1.25,\"language\":\"en\","
            + "\"privacy_settings\":{\"pii_redaction_enabled\":true,\"pii_policies\":[\"phone_number\"],"
            + "\"pii_substitution\":\"hash\",\"redactions\":{\"phone_number\":1}},"
            + "\"sentiment_analysis_results\":[{\"text\":\"call ### now\",\"start\":0,\"end\":1200,"
            + "\"sentiment\":\"NEUTRAL\",\"confidence\":0.6}]}";

    private static String url;

    @BeforeAll
    static void database() throws SQLException {
        int port = EmbeddedPostgresServer.start(0, null);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("drop database if exists job_document_migration");
            st.execute("create database job_document_migration");
        }
        url = "jdbc:postgresql://127.0.0.1:" + port + "/job_document_migration";
    }

    @Test
    void textDocumentsBecomeJsonbAndReadIntoTheRecords() throws Exception {
        Flyway before = Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                .target("10").cleanDisabled(false).load();
        before.clean();
        before.migrate();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            sql(c, "insert into organizations (id, name, balance) values ('org_a', 'A', 0)");
            sql(c, "insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,"
                    + " audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org, multiplier_priority,"
                    + " transaction_id, result, created_at, updated_at, completed_at) values ('trans_1', 'org_a', 'completed',"
                    + " 'fvt-1', 'en', 'normal', 'https://example.com/a.wav', '" + OPTIONS + "', '{}', 2, 0, 1, 1, 1, 'txn_1', '"
                    + RESULT + "', now(), now(), now())");
            sql(c, "insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,"
                    + " audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org, multiplier_priority,"
                    + " transaction_id, created_at, updated_at) values ('trans_2', 'org_a', 'queued',"
                    + " 'fvt-1', 'en', 'normal', 'https://example.com/b.wav', '{}', '{}', 2, 0, 1, 1, 1, 'txn_2', now(), now())");
        }

        Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration").load().migrate();

        ObjectMapper plain = new ObjectMapper();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            assertEquals("jsonb jsonb", text(c, "select pg_typeof(options) || ' ' || pg_typeof(result) from transcriptions where id = 'trans_1'"));
            assertEquals(plain.readTree(OPTIONS), plain.readTree(text(c, "select options from transcriptions where id = 'trans_1'")));
            String result = text(c, "select result from transcriptions where id = 'trans_1'");
            assertEquals(plain.readTree(RESULT), plain.readTree(result));

            JobOptions options = JsonColumns.read(text(c, "select options from transcriptions where id = 'trans_1'"), JobOptions.class);
            assertEquals(new JobOptions(new SpeakerAnalysis(false, null), new IntelligenceFeatures(true, false, false, false),
                    new PrivacySettings(true, List.of("phone_number"), "hash"),
                    new Webhook("https://hooks.example.com/t?token=s3cret", List.of("transcription.completed"))), options);
            TranscriptionResult read = JsonColumns.read(result, TranscriptionResult.class);
            assertEquals(new Word("###", 300, 900, 0.8), read.words().get(1));
            assertNull(read.utterances().get(0).speaker());
            assertEquals(Map.of("phone_number", 1), read.privacySettings().redactions());
            assertEquals("NEUTRAL", read.sentimentAnalysisResults().get(0).sentiment());
            // written back, the document is the one stored, less its null fields
            assertEquals(withoutNulls(plain.readTree(RESULT)), plain.readTree(JsonColumns.write(read)));
            assertEquals(plain.readTree(OPTIONS), plain.readTree(JsonColumns.write(options)));

            assertNull(text(c, "select result from transcriptions where id = 'trans_2'"));
            assertEquals(JobOptions.NONE.speakers(), JsonColumns.read(
                    text(c, "select options from transcriptions where id = 'trans_2'"), JobOptions.class).speakers());
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new java.util.ArrayList<>();
            object.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    nulls.add(f.getKey());
                } else {
                    withoutNulls(f.getValue());
                }
            });
            object.remove(nulls);
        } else if (node.isArray()) {
            node.forEach(JobDocumentMigrationTest::withoutNulls);
        }
        return node;
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
