package org.mmedpo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mmedpo.common.blob.BlobStore;
import org.mmedpo.common.kafka.Topics;
import org.mmedpo.common.serde.EventSerdes;
import org.mmedpo.ingest.IngestConfig;
import org.mmedpo.ingest.mmedpo.MmedpoImporter;
import org.mmedpo.ingest.mmedpo.PreferenceTopic;
import org.mmedpo.platform.PlatformConfig;
import org.mmedpo.platform.PlatformSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmedpo import-mmedpo}: the released MMedPO JSON format into PreferenceSample events. */
@Command(name = "import-mmedpo", mixinStandardHelpOptions = true,
    description = {"Import a released MMedPO JSON file (a list of {id, image, conversations, "
        + "rejected_conversations, weighted_score[, rejected_image]}) as PreferenceSample events "
        + "with weight scheme RAW. Images are looked up under --images and stored in the blob "
        + "store; a missing image is recorded as imageStatus=missing, never faked. Items already "
        + "imported are skipped; malformed items go to the dead-letter topic."})
final class ImportMmedpoCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.json", description = "The released JSON file.")
  Path file;

  @Option(names = "--images", paramLabel = "DIR", description = "Folder the items' image paths are relative to.")
  Path images;

  @Override
  public Integer call() throws Exception {
    ConfigOptions.checkKnown(options.sources(), IngestConfig.DEFINITION, PlatformConfig.DEFINITION);
    try (PlatformSession session = PlatformSession.open(options.sources())) {
      IngestConfig config = new IngestConfig(session.sources().lenient());
      try (BlobStore blobs = BlobStore.open(config)) {
        MmedpoImporter.Result result = MmedpoImporter.read(file, images, blobs);
        Topics topics = Topics.create(config, EventSerdes.create(config));
        int published = PreferenceTopic.publish(config, topics, result);
        long missing = result.samples().stream()
            .filter(s -> "missing".equals(s.sample().getImported().getImageStatus().toString())).count();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("items in %d = samples %d + dead-lettered %d; published %d new (%d already imported); "
            + "%d with a missing image%n", result.itemsIn(), result.samples().size(),
            result.deadLetters().size(), published, result.samples().size() - published, missing);
        out.flush();
      }
    }
    return 0;
  }
}
