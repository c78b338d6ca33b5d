package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.QueryParams;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.error.ApiProblem;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.job.TranscriptionErasure;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionStatus;
import ai.synapses.transcribe.logging.LogContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A customer's transcriptions: status (the {@code check_status} link), list, cancel, delete, subtitles. */
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

    public TranscriptionsResource(Caller caller, TranscriptionView view, JobLifecycle lifecycle, RequestMetadata request,
            ObjectMapper json, TranscriptionErasure erasure) {
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
        return Panache.withSession(() -> JobLifecycle.owned(caller.organizationId(), transcriptionId))
                .map(this::envelope);
    }

    @GET
    public Uni<Envelope.Success> list(@QueryParam("organization_id") String organizationId, @QueryParam("status") String status,
            @QueryParam("limit") String limitParam, @QueryParam("cursor") String cursor) {
        int limit = QueryParams.limit(limitParam);
        TranscriptionStatus statusFilter = statusFilter(status);
        Cursor after = Cursor.parse(cursor);
        if (organizationId == null) {
            throw ApiProblem.badRequest("missing_field", "organization_id is required", "organization_id");
        }
        caller.requireOrganization(organizationId, "organization_id");
        StringBuilder where = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new java.util.HashMap<>(Map.of("org", organizationId));
        if (statusFilter != null) {
            where.append(" and status = :status");
            params.put("status", statusFilter);
        }
        if (after != null) {
            where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.put("at", after.createdAt());
            params.put("id", after.id());
        }
        return Panache.withSession(() -> {
            PanacheQuery<TranscriptionJob> query = TranscriptionJob.find(where + " order by createdAt desc, id desc", params);
            return query.page(0, limit + 1).list();
        }).map(jobs -> {
            boolean more = jobs.size() > limit;
            List<TranscriptionJob> page = more ? jobs.subList(0, limit) : jobs;
            String next = more ? Cursor.of(page.get(page.size() - 1)) : null;
            List<Summary> summaries = page.stream().map(this::summary).toList();
            Map<String, Envelope.Link> actions = next == null ? Map.of()
                    : Map.of("next_page", new Envelope.Link("GET", "/v1/audio/transcriptions?organization_id=" + organizationId
                            + (statusFilter == null ? "" : "&status=" + statusFilter) + "&limit=" + limit + "&cursor=" + next));
            return new Envelope.Success(new Page(summaries, more, next), null, request.metadata(), actions);
        });
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
        return Panache.withSession(() -> JobLifecycle.owned(caller.organizationId(), transcriptionId))
                .map(job -> {
                    if (job.status != TranscriptionStatus.completed) {
                        throw new ApiProblem(409, "transcription_not_completed",
                                "subtitles exist once the transcription is completed; it is " + job.status, "transcription_id");
                    }
                    if (job.result == null) {
                        throw new ApiProblem(410, "transcription_content_deleted",
                                "the transcript was deleted; its billing record remains", "transcription_id");
                    }
                    List<SubtitleWriter.Caption> captions = SubtitleWriter.captions(words(job), chars);
                    String body = kind.equals("srt") ? SubtitleWriter.srt(captions) : SubtitleWriter.vtt(captions);
                    return Response.ok(body, kind.equals("srt") ? "application/x-subrip; charset=utf-8" : "text/vtt; charset=utf-8")
                            .build();
                });
    }

    private com.fasterxml.jackson.databind.JsonNode words(TranscriptionJob job) {
        try {
            return json.readTree(job.result).path("words");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored transcript is corrupt", e);
        }
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

    private static TranscriptionStatus statusFilter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return TranscriptionStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid_status",
                    "status must be one of queued, processing, completed, failed, cancelled", "status");
        }
    }

    /** Keyset cursor: the last row's creation time and id, opaque to the customer. */
    record Cursor(OffsetDateTime createdAt, String id) {
        static String of(TranscriptionJob job) {
            Instant at = job.createdAt.toInstant();
            String raw = at.getEpochSecond() + ":" + at.getNano() + ":" + job.id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String cursor) {
            if (cursor == null) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 3);
                Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                return new Cursor(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), parts[2]);
            } catch (RuntimeException e) {
                throw ApiProblem.badRequest("invalid_cursor", "cursor must be a next_cursor value from a previous page", "cursor");
            }
        }
    }
}
