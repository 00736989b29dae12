package org.mmedpo.model.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.mmedpo.model.ModelConfig;
import org.mmedpo.model.text.Tokenizer;

/**
 * The bytes of a model archive: a zip with {@code config.json}, {@code tokenizer.txt}, {@code
 * metadata.json} and {@code parameters.bin} (see {@link org.mmedpo.model.net.ParameterIo}).
 * Entries carry a fixed timestamp, so the same model and metadata always give the same bytes and
 * the same SHA-256.
 *
 * @param config the architecture
 * @param tokenizer the vocabulary
 * @param metadata version metadata
 * @param parameters the serialized parameters
 */
public record ModelArchive(ModelConfig config, Tokenizer tokenizer, ArchiveMetadata metadata,
    byte[] parameters) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final long FIXED_TIME = 315_532_800_000L; // 1980-01-01, the zip epoch

  /** The zip bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(parameters.length + 16_384);
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, "config.json", JSON.writeValueAsBytes(config));
      entry(zip, "tokenizer.txt", tokenizer.serialize().getBytes(StandardCharsets.UTF_8));
      entry(zip, "metadata.json", JSON.writeValueAsBytes(metadata));
      entry(zip, "parameters.bin", parameters);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads archive bytes.
   *
   * @throws IllegalArgumentException when an entry is missing or unreadable
   */
  public static ModelArchive fromBytes(byte[] archive) {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        entries.put(e.getName(), zip.readAllBytes());
      }
      for (String name : new String[] {"config.json", "tokenizer.txt", "metadata.json",
          "parameters.bin"}) {
        if (!entries.containsKey(name)) {
          throw new IllegalArgumentException("model archive has no " + name);
        }
      }
      return new ModelArchive(
          JSON.readValue(entries.get("config.json"), ModelConfig.class),
          Tokenizer.deserialize(new String(entries.get("tokenizer.txt"), StandardCharsets.UTF_8)),
          JSON.readValue(entries.get("metadata.json"), ArchiveMetadata.class),
          entries.get("parameters.bin"));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model archive: " + e.getMessage(), e);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(FIXED_TIME);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }
}
