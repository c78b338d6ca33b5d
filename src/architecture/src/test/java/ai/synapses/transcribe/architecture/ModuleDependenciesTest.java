package ai.synapses.transcribe.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Which module may use which, over the production classes of every module (each module's packages are
 * listed below). A failure names the class and the dependency that broke the rule.
 */
@AnalyzeClasses(packages = "ai.synapses.transcribe", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDependenciesTest {

    static final String[] AUDIO_FORMAT = {"ai.synapses.transcribe.audioformat.."};
    static final String[] EGRESS = {"ai.synapses.transcribe.egress.."};
    static final String[] TRANSCRIPT = {"ai.synapses.transcribe.transcript.."};
    static final String[] DOMAIN = packages("audit", "availability", "billing", "error", "id", "idempotency", "job",
            "limits", "logging", "metrics", "organization", "probe", "queue", "webhook");
    static final String[] ENGINE = packages("decoding", "diarization", "intelligence", "privacy", "recognition", "writing");
    static final String[] PROCESSING = {"ai.synapses.transcribe.processing.."};
    static final String[] API = {"ai.synapses.transcribe.api.."};
    static final String[] WORKER = {"ai.synapses.transcribe.worker.."};
    static final String[] LOCAL = {"ai.synapses.transcribe.local.."};

    static final String[] PERSISTENCE_AND_QUEUES = {"org.hibernate..", "io.quarkus.hibernate..", "jakarta.persistence..",
            "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..", "io.vertx.mutiny.pgclient..",
            "software.amazon.awssdk.."};
    static final String[] HTTP_SERVER = {"jakarta.ws.rs..", "org.jboss.resteasy..", "io.quarkus.resteasy..",
            "io.vertx.core.http..", "io.vertx.mutiny.core.http.."};

    @ArchTest
    static final ArchRule audio_format_uses_no_other_module = noClasses().that().resideInAnyPackage(AUDIO_FORMAT)
            .should().dependOnClassesThat().resideInAnyPackage(allBut(AUDIO_FORMAT))
            .because("the container readers are plain Java that the probe and the decoders share");

    @ArchTest
    static final ArchRule egress_uses_no_other_module = noClasses().that().resideInAnyPackage(EGRESS)
            .should().dependOnClassesThat().resideInAnyPackage(allBut(EGRESS))
            .because("the guarded client knows URLs and bytes, not audio formats nor jobs");

    @ArchTest
    static final ArchRule transcript_uses_no_other_module = noClasses().that().resideInAnyPackage(TRANSCRIPT)
            .should().dependOnClassesThat().resideInAnyPackage(allBut(TRANSCRIPT))
            .because("it holds what the engine and the domain share, so it can depend on neither");

    @ArchTest
    static final ArchRule engine_uses_only_audio_format_and_transcript = noClasses().that().resideInAnyPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(allBut(ENGINE, AUDIO_FORMAT, TRANSCRIPT))
            .because("the engine turns audio and typed options into a transcript and knows nothing of jobs");

    @ArchTest
    static final ArchRule engine_uses_no_database_nor_queue = noClasses().that().resideInAnyPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE_AND_QUEUES)
            .because("storing and queueing jobs is the processing's and the domain's business");

    @ArchTest
    static final ArchRule domain_uses_no_engine_processing_api_nor_worker = noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(concat(ENGINE, PROCESSING, API, WORKER, LOCAL))
            .because("the use cases sit below every adapter and the engine");

    @ArchTest
    static final ArchRule domain_engine_and_processing_know_nothing_of_http_serving = noClasses()
            .that().resideInAnyPackage(concat(DOMAIN, ENGINE, PROCESSING, TRANSCRIPT, AUDIO_FORMAT))
            .should().dependOnClassesThat().resideInAnyPackage(HTTP_SERVER)
            .because("a refusal carries an ErrorKind; only the API maps kinds to HTTP statuses");

    @ArchTest
    static final ArchRule processing_uses_neither_api_nor_worker = noClasses().that().resideInAnyPackage(PROCESSING)
            .should().dependOnClassesThat().resideInAnyPackage(concat(API, WORKER, LOCAL))
            .because("the Lambda worker and quarkus:dev both run the processing");

    @ArchTest
    static final ArchRule api_does_not_use_the_worker = noClasses().that().resideInAnyPackage(API)
            .should().dependOnClassesThat().resideInAnyPackage(WORKER)
            .because("the API and the worker are separate deployments");

    @ArchTest
    static final ArchRule worker_does_not_use_the_api = noClasses().that().resideInAnyPackage(WORKER)
            .should().dependOnClassesThat().resideInAnyPackage(API)
            .because("the API and the worker are separate deployments");

    @ArchTest
    static final ArchRule production_code_does_not_use_the_local_stack = noClasses().that().resideOutsideOfPackages(LOCAL)
            .should().dependOnClassesThat().resideInAnyPackage(LOCAL)
            .because("embedded PostgreSQL, ElasticMQ and the test servers are for dev mode and tests, never packaged");

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(name -> "ai.synapses.transcribe." + name + "..").toArray(String[]::new);
    }

    private static String[] concat(String[]... groups) {
        return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
    }

    /** Every module's packages except {@code allowed}'s. */
    private static String[] allBut(String[]... allowed) {
        String[][] modules = {AUDIO_FORMAT, EGRESS, TRANSCRIPT, DOMAIN, ENGINE, PROCESSING, API, WORKER, LOCAL};
        var kept = Arrays.stream(allowed).flatMap(Arrays::stream).toList();
        return Stream.of(modules).flatMap(Arrays::stream).filter(p -> !kept.contains(p)).toArray(String[]::new);
    }
}
