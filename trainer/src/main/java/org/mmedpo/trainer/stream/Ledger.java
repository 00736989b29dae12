package org.mmedpo.trainer.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained-sample ledger: one line {@code <step>\t<sampleId>} per sample, in training order.
 * A checkpoint records the ledger's length; on restart the ledger is cut back to it, so the
 * ledger always lists exactly the samples inside the model's parameters, each once.
 */
public final class Ledger implements AutoCloseable {

  public static final String FILE_NAME = "trained-samples.log";

  private final FileChannel channel;

  /** Opens the ledger in {@code dir}, cut to {@code length} bytes. */
  public Ledger(Path dir, long length) throws IOException {
    Files.createDirectories(dir);
    channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.READ);
    if (channel.size() < length) {
      throw new IOException("ledger is shorter (" + channel.size() + " bytes) than the checkpoint"
          + " says (" + length + ")");
    }
    channel.truncate(length);
    channel.position(length);
  }

  /** Appends the samples of one step (written through to the OS, not yet forced to disk). */
  public void append(long step, List<String> sampleIds) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String id : sampleIds) {
      sb.append(step).append('\t').append(id).append('\n');
    }
    ByteBuffer buffer = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Forces the ledger to disk and returns its length (goes into the checkpoint). */
  public long sync() throws IOException {
    channel.force(false);
    return channel.position();
  }

  /** The sample ids of a ledger file, in order. */
  public static List<String> sampleIds(Path dir) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        ids.add(line.substring(tab + 1));
      }
    }
    return ids;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
