package org.mmedpo.ingest.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The de-identification secret: the configured one, or a 256-bit key generated on first use into
 * a key file readable by its owner only, and read from there on every later run (pseudonyms are
 * stable only while the secret is). A key file that others can read is refused, as ssh refuses a
 * private key.
 */
public final class DeidSecret {

  private static final Logger LOG = LoggerFactory.getLogger(DeidSecret.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private DeidSecret() {}

  /**
   * The secret bytes.
   *
   * @param configured the configured secret (any text of at least 16 characters), or empty
   * @param keyFile where to keep a generated key
   */
  public static byte[] resolve(String configured, Path keyFile) throws IOException {
    if (configured != null && !configured.isEmpty()) {
      if (configured.length() < 16) {
        throw new IllegalArgumentException("ingest.deid.secret must have at least 16 characters");
      }
      return configured.getBytes(StandardCharsets.UTF_8);
    }
    if (Files.exists(keyFile)) {
      checkPermissions(keyFile);
      byte[] key = Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
      if (key.length < 16) {
        throw new IOException("de-identification key file " + keyFile + " holds fewer than 16 bytes");
      }
      return key;
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(keyFile.toAbsolutePath().getParent());
    boolean posix = Files.getFileStore(keyFile.toAbsolutePath().getParent())
        .supportsFileAttributeView("posix");
    try {
      if (posix) {
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(keyFile);
      }
    } catch (FileAlreadyExistsException e) {
      // Another ingest created it at the same moment: use theirs.
      return resolve(configured, keyFile);
    }
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n",
        StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    LOG.info("generated a de-identification key in {} (owner-only); keep it to keep pseudonyms stable",
        keyFile);
    return key;
  }

  private static void checkPermissions(Path keyFile) throws IOException {
    if (!Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
    for (PosixFilePermission p : permissions) {
      if (!OWNER_ONLY.contains(p)) {
        throw new IOException("de-identification key file " + keyFile + " is accessible by others ("
            + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
      }
    }
  }
}
