package org.mmedpo.trainer.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Everything the trainer needs to continue exactly where it was: the policy parameters, the
 * optimizer state, counters, the ledger length, and the next offset of every partition.
 *
 * <p>Written atomically ({@link #write}): to a temporary file in the same folder, forced to disk,
 * renamed over {@code checkpoint.bin}, then the folder is forced so the rename survives a crash.
 * A CRC-32 trailer rejects a torn file that a broken file system might still show.
 *
 * @param referenceVersion the BASE version this run aligns (a checkpoint of another base is an
 *     error)
 * @param step optimizer steps taken
 * @param samplesSeen preference samples trained on
 * @param skipped records consumed but not trained on (filtered by the ablation switches or sent
 *     to the dead-letter topic)
 * @param ledgerBytes length of the trained-sample ledger at this checkpoint
 * @param lastVersion the model version published for this checkpoint (or the base)
 * @param offsets next offset to consume, by partition of the preferences topic
 * @param parameters the policy's parameters ({@link org.mmedpo.model.net.ParameterIo} form)
 * @param optimizer the optimizer state ({@link org.mmedpo.trainer.optim.AdamW#save})
 */
public record Checkpoint(String referenceVersion, long step, long samplesSeen, long skipped,
    long ledgerBytes, String lastVersion, Map<Integer, Long> offsets, byte[] parameters,
    byte[] optimizer) {

  public static final String FILE_NAME = "checkpoint.bin";
  private static final int MAGIC = 0x4d4d4350; // "MMCP"
  private static final int FORMAT = 1;

  public Checkpoint {
    offsets = new TreeMap<>(offsets);
  }

  /** The checkpoint bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(parameters.length * 3 + 1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(referenceVersion);
      out.writeLong(step);
      out.writeLong(samplesSeen);
      out.writeLong(skipped);
      out.writeLong(ledgerBytes);
      out.writeUTF(lastVersion);
      out.writeInt(offsets.size());
      for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
        out.writeInt(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeInt(parameters.length);
      out.write(parameters);
      out.writeInt(optimizer.length);
      out.write(optimizer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    bytes.writeBytes(ByteBuffer.allocate(8).putLong(crc.getValue()).array());
    return bytes.toByteArray();
  }

  /**
   * Reads checkpoint bytes.
   *
   * @throws IOException when they are truncated, corrupt or of another format
   */
  public static Checkpoint fromBytes(byte[] data) throws IOException {
    if (data.length < 16) {
      throw new IOException("checkpoint too short");
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, data.length - 8);
    if (crc.getValue() != ByteBuffer.wrap(data, data.length - 8, 8).getLong()) {
      throw new IOException("checkpoint checksum mismatch");
    }
    try (DataInputStream in = new DataInputStream(
        new ByteArrayInputStream(data, 0, data.length - 8))) {
      if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
        throw new IOException("not a trainer checkpoint of format " + FORMAT);
      }
      String reference = in.readUTF();
      long step = in.readLong();
      long samples = in.readLong();
      long skipped = in.readLong();
      long ledger = in.readLong();
      String last = in.readUTF();
      int n = in.readInt();
      Map<Integer, Long> offsets = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        offsets.put(in.readInt(), in.readLong());
      }
      byte[] params = new byte[in.readInt()];
      in.readFully(params);
      byte[] opt = new byte[in.readInt()];
      in.readFully(opt);
      return new Checkpoint(reference, step, samples, skipped, ledger, last, offsets, params, opt);
    }
  }

  /** Writes this checkpoint atomically as {@code dir/checkpoint.bin}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "checkpoint", ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(toBytes());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(dir);
  }

  /** The checkpoint in {@code dir}, if there is one. */
  public static Optional<Checkpoint> read(Path dir) throws IOException {
    try {
      return Optional.of(fromBytes(Files.readAllBytes(dir.resolve(FILE_NAME))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Forces a folder's entries (a rename) to disk; a no-op where folders cannot be opened. */
  static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open folders; the rename is still atomic there.
    }
  }
}
