package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.ApiProblem;
import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.QueryParams;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.job.TranscriptReading;
import ai.synapses.transcribe.job.TranscriptionErasure;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionStatus;
import ai.synapses.transcribe.job.TranscriptionStore;
import ai.synapses.transcribe.logging.LogContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's transcriptions: status (the {@code check_status} link), list, cancel, delete, subtitles, and the
 * transcript read as sentences, paragraphs or a word search.
 */
@RolesAllowed(Roles.CUSTOMER)
@Path("/v1/audio/transcriptions")
@Produces(MediaType.APPLICATION_JSON)
public class TranscriptionsResource {

    private final Caller caller;
    private final TranscriptionView view;
    private final JobLifecycle lifecycle;
    private final RequestMetadata request;
    private final ObjectMapper json;
    private final TranscriptionErasure erasure;
    private final TranscriptionStore transcriptions;
    private final TranscriptReading reading;

    public TranscriptionsResource(Caller caller, TranscriptionView view, JobLifecycle lifecycle, RequestMetadata request,
            ObjectMapper json, TranscriptionErasure erasure, TranscriptionStore transcriptions, TranscriptReading reading) {
        this.transcriptions = transcriptions;
        this.reading = reading;
        this.erasure = erasure;
        this.caller = caller;
        this.view = view;
        this.lifecycle = lifecycle;
        this.request = request;
        this.json = json;
    }

    public record Summary(String transcriptionId, String status, String language, String priority, Double audioDurationSeconds,
            long synapsesConsumed, OffsetDateTime createdAt, OffsetDateTime completedAt) {
    }

    public record Page(List<Summary> transcriptions, boolean hasMore, String nextCursor) {
    }

    @GET
    @Path("/{transcription_id}")
    public Uni<Envelope.Success> status(@PathParam("transcription_id") String transcriptionId) {
        LogContext.transcriptionId(transcriptionId);
        return transcriptions.owned(caller.organizationId(), transcriptionId)
                .map(this::envelope);
    }

    @GET
    public Uni<Envelope.Success> list(@QueryParam("organization_id") String organizationId, @QueryParam("status") String status,
            @QueryParam("limit") String limitParam, @QueryParam("cursor") String cursor,
            @QueryParam("created_after") String createdAfterParam, @QueryParam("created_before") String createdBeforeParam) {
        int limit = QueryParams.limit(limitParam);
        Optional<TranscriptionStatus> statusFilter = statusFilter(status);
        Optional<TranscriptionStore.Position> after = Cursor.parse(cursor);
        Optional<OffsetDateTime> createdAfter = QueryParams.timestamp(createdAfterParam, "invalid_created_after", "created_after");
        Optional<OffsetDateTime> createdBefore = QueryParams.timestamp(createdBeforeParam, "invalid_created_before", "created_before");
        if (createdAfter.isPresent() && createdBefore.isPresent() && !createdAfter.get().isBefore(createdBefore.get())) {
            throw ApiProblem.badRequest("invalid_created_range", "created_before must be later than created_after",
                    "created_before");
        }
        if (organizationId == null) {
            throw ApiProblem.badRequest("missing_field", "organization_id is required", "organization_id");
        }
        caller.requireOrganization(organizationId, "organization_id");
        return transcriptions.list(new TranscriptionStore.ListFilter(organizationId, statusFilter, after, limit,
                createdAfter, createdBefore)).map(page -> {
            boolean more = page.next().isPresent();
            String next = page.next().map(Cursor::of).orElse(null);
            List<Summary> summaries = page.jobs().stream().map(this::summary).toList();
            Map<String, Envelope.Link> actions = next == null ? Map.of()
                    : Map.of("next_page", new Envelope.Link("GET", "/v1/audio/transcriptions?organization_id=" + organizationId
                            + statusFilter.map(s -> "&status=" + s).orElse("")
                            + createdAfter.map(t -> "&created_after=" + QueryParams.encode(t.toString())).orElse("")
                            + createdBefore.map(t -> "&created_before=" + QueryParams.encode(t.toString())).orElse("")
                            + "&limit=" + limit + "&cursor=" + next));
            return new Envelope.Success(new Page(summaries, more, next), null, request.metadata(), actions);
        });
    }

    @GET
    @Path("/{transcription_id}/sentences")
    public Uni<Envelope.Success> sentences(@PathParam("transcription_id") String transcriptionId) {
        LogContext.transcriptionId(transcriptionId);
        return reading.sentences(caller.organizationId(), transcriptionId)
                .map(sentences -> read(sentences, transcriptionId));
    }

    @GET
    @Path("/{transcription_id}/paragraphs")
    public Uni<Envelope.Success> paragraphs(@PathParam("transcription_id") String transcriptionId) {
        LogContext.transcriptionId(transcriptionId);
        return reading.paragraphs(caller.organizationId(), transcriptionId)
                .map(paragraphs -> read(paragraphs, transcriptionId));
    }

    /** {@code words}: comma-separated, and may be given more than once ({@code words=a&words=b}). */
    @GET
    @Path("/{transcription_id}/word-search")
    public Uni<Envelope.Success> wordSearch(@PathParam("transcription_id") String transcriptionId,
            @QueryParam("words") List<String> words) {
        LogContext.transcriptionId(transcriptionId);
        List<String> terms = words == null || words.isEmpty() ? null
                : words.stream().flatMap(value -> Arrays.stream(value.split(",", -1))).toList();
        return reading.searchWords(caller.organizationId(), transcriptionId, terms)
                .map(matches -> read(matches, transcriptionId));
    }

    @POST
    @Path("/{transcription_id}/cancel")
    public Uni<Envelope.Success> cancel(@PathParam("transcription_id") String transcriptionId) {
        LogContext.transcriptionId(transcriptionId);
        return lifecycle.cancel(caller.organizationId(), transcriptionId)
                .map(this::envelope);
    }

    @DELETE
    @Path("/{transcription_id}")
    public Uni<Envelope.Success> delete(@PathParam("transcription_id") String transcriptionId) {
        LogContext.transcriptionId(transcriptionId);
        return erasure.deleteContent(caller.organizationId(), transcriptionId)
                .map(this::envelope);
    }

    @GET
    @Path("/{transcription_id}/subtitles")
    @Produces({"application/x-subrip", "text/vtt", MediaType.APPLICATION_JSON})
    public Uni<Response> subtitles(@PathParam("transcription_id") String transcriptionId, @QueryParam("format") String format,
            @QueryParam("chars_per_caption") String charsParam) {
        String kind = format == null ? "srt" : format;
        if (!kind.equals("srt") && !kind.equals("vtt")) {
            throw ApiProblem.badRequest("invalid_subtitle_format", "format must be srt or vtt", "format");
        }
        int chars = charsPerCaption(charsParam);
        LogContext.transcriptionId(transcriptionId);
        return transcriptions.owned(caller.organizationId(), transcriptionId)
                .map(job -> {
                    if (job.status != TranscriptionStatus.completed) {
                        throw new ApiProblem(409, "transcription_not_completed",
                                "subtitles exist once the transcription is completed; it is " + job.status, "transcription_id");
                    }
                    if (job.result == null) {
                        throw new ApiProblem(410, "transcription_content_deleted",
                                "the transcript was deleted; its billing record remains", "transcription_id");
                    }
                    List<SubtitleWriter.Caption> captions = SubtitleWriter.captions(
                            Objects.requireNonNullElse(job.result.words(), List.of()), chars);
                    String body = kind.equals("srt") ? SubtitleWriter.srt(captions) : SubtitleWriter.vtt(captions);
                    return Response.ok(body, kind.equals("srt") ? "application/x-subrip; charset=utf-8" : "text/vtt; charset=utf-8")
                            .build();
                });
    }

    private Envelope.Success read(Object data, String transcriptionId) {
        return new Envelope.Success(data, null, request.metadata(),
                Map.of("check_status", new Envelope.Link("GET", "/v1/audio/transcriptions/" + transcriptionId)));
    }

    private Envelope.Success envelope(TranscriptionJob job) {
        return new Envelope.Success(view.data(job), view.billing(job), request.metadata(), view.actions(job));
    }

    private Summary summary(TranscriptionJob job) {
        Double duration = null;
        try {
            var node = json.readTree(job.audioMetadata).get("duration_seconds");
            duration = node == null ? null : node.asDouble();
        } catch (JsonProcessingException ignored) {
            // a summary without a duration is still a summary
        }
        return new Summary(job.id, job.status.name(), job.language, job.priority, duration,
                job.synapsesCharged - job.synapsesRefunded, job.createdAt, job.completedAt);
    }

    private static int charsPerCaption(String value) {
        return QueryParams.boundedInt(value, 32, 8, 200, "invalid_chars_per_caption", "chars_per_caption");
    }

    private static Optional<TranscriptionStatus> statusFilter(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TranscriptionStatus.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid_status",
                    "status must be one of queued, processing, completed, failed, cancelled", "status");
        }
    }

    /** Keyset cursor: the store's position (the last row's creation time and id), opaque to the customer. */
    static final class Cursor {
        private Cursor() {
        }

        static String of(TranscriptionStore.Position position) {
            Instant at = position.createdAt().toInstant();
            String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + position.id();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Optional<TranscriptionStore.Position> parse(String cursor) {
            if (cursor == null) {
                return Optional.empty();
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
                Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                return Optional.of(new TranscriptionStore.Position(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), parts[2]));
            } catch (RuntimeException e) {
                throw ApiProblem.badRequest("invalid_cursor", "cursor must be a next_cursor value from a previous page", "cursor");
            }
        }
    }
}
