package ai.synapses.transcribe.recognition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The English model of {@code com.alphacephei:vosk-model-en:0.3.45}, an Android aar whose
 * {@code assets/model-en-us/**} is the model. Vosk opens models by directory path, so the files are
 * copied out once into {@code <root>/en-0.3.45} and reused by later processes.
 * <p>
 * Read from the class path ({@code assets/model-en-us/...} resources: the aar itself, or its assets
 * unpacked into a jar at build time). Maven does not put an {@code aar} dependency on a class path, so
 * as a fallback for builds and tests on a developer machine the aar is read straight from the local
 * Maven repository. A deployment without either sets {@code transcribe.recognition.model-dirs.en}.
 * <p>
 * A copy is built in a private sibling directory, finished with a marker file and then renamed into
 * place, so a process that dies half-way (or a second process unpacking at the same time) never leaves
 * a directory that looks complete but is not.
 */
final class BundledEnglishModel {

    static final String GROUP_PATH = "com/alphacephei/vosk-model-en";
    static final String VERSION = "0.3.45";
    static final String RESOURCE_ROOT = "assets/model-en-us/";
    static final String MARKER = ".unpacked";

    /**
     * The files of the aar's model. Listed rather than discovered because class loaders cannot list a
     * directory portably (jar, exploded or Quarkus' runner class loader), while every one can open a
     * named resource. Pinned with the artifact version above.
     */
    static final List<String> FILES = List.of(
            "README", "uuid",
            "am/final.mdl",
            "conf/mfcc.conf", "conf/model.conf",
            "graph/Gr.fst", "graph/HCLr.fst", "graph/disambig_tid.int", "graph/phones/word_boundary.int",
            "ivector/final.dubm", "ivector/final.ie", "ivector/final.mat", "ivector/global_cmvn.stats",
            "ivector/online_cmvn.conf", "ivector/splice.conf");

    private final Path root;
    private final Path target;

    BundledEnglishModel(Path root) {
        this.root = root;
        this.target = root.resolve("en-" + VERSION);
    }

    /** Whether the model's files are class path resources. */
    static boolean onClassPath() {
        return resource("conf/model.conf") != null;
    }

    /** The aar in the local Maven repository ({@code -Dmaven.repo.local} or {@code ~/.m2/repository}), if there. */
    static Optional<Path> inLocalMavenRepository() {
        String repository = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path aar = Path.of(repository, GROUP_PATH, VERSION, "vosk-model-en-" + VERSION + ".aar");
        return Files.isRegularFile(aar) ? Optional.of(aar) : Optional.empty();
    }

    /** Whether {@link #directory()} can succeed without a configured model directory. */
    boolean available() {
        return unpacked() || onClassPath() || inLocalMavenRepository().isPresent();
    }

    Path target() {
        return target;
    }

    boolean unpacked() {
        return Files.isRegularFile(target.resolve(MARKER));
    }

    /** The model directory, unpacking it first unless a complete copy is already there. */
    synchronized Path directory() throws IOException {
        if (unpacked()) {
            return target;
        }
        if (onClassPath()) {
            unpack(BundledEnglishModel::openResource, "class path");
            return target;
        }
        Optional<Path> aar = inLocalMavenRepository();
        if (aar.isEmpty()) {
            throw new IOException("the bundled English model (com.alphacephei:vosk-model-en:" + VERSION
                    + ") is neither on the class path (" + RESOURCE_ROOT + "...) nor in a local Maven repository;"
                    + " put its assets on the class path or set transcribe.recognition.model-dirs.en");
        }
        try (ZipFile zip = new ZipFile(aar.get().toFile())) {
            unpack(file -> {
                ZipEntry entry = zip.getEntry(RESOURCE_ROOT + file);
                if (entry == null) {
                    throw new IOException(aar.get() + " has no " + RESOURCE_ROOT + file);
                }
                return zip.getInputStream(entry);
            }, aar.get().toString());
        }
        return target;
    }

    @FunctionalInterface
    private interface Source {
        InputStream open(String file) throws IOException;
    }

    private void unpack(Source source, String from) throws IOException {
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, target.getFileName() + ".partial-");
        try {
            for (String file : FILES) {
                Path out = staging.resolve(file);
                Files.createDirectories(out.getParent());
                try (InputStream in = source.open(file)) {
                    Files.copy(in, out);
                }
            }
            Files.writeString(staging.resolve(MARKER), "vosk-model-en " + VERSION + " from " + from + "\n");
            moveIntoPlace(staging);
        } finally {
            deleteTree(staging);
        }
    }

    private void moveIntoPlace(Path staging) throws IOException {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException raced) {
            // rename(2) onto a non-empty directory fails with ENOTEMPTY, a plain FileSystemException in Java
            if (!Files.exists(target)) {
                throw raced;
            }
            if (unpacked()) {
                return; // another process finished first; its copy is as good as ours
            }
            deleteTree(target); // not ours and not complete: left over from something else
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static InputStream openResource(String file) throws IOException {
        URL url = resource(file);
        if (url == null) {
            throw new IOException("bundled English model is missing " + RESOURCE_ROOT + file);
        }
        return url.openStream();
    }

    private static URL resource(String file) {
        String name = RESOURCE_ROOT + file;
        URL url = BundledEnglishModel.class.getClassLoader().getResource(name);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (url == null && context != null) {
            url = context.getResource(name);
        }
        return url;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
