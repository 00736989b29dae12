package org.mmedpo.common.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A blob store in a local folder: {@code <root>/ab/cd/abcd...} for SHA-256 {@code abcd...}.
 * Writes go to a temporary file that is synced and atomically renamed, so a reader never sees a
 * partial blob and a crash leaves no corrupt one.
 */
public final class LocalBlobStore implements BlobStore {

  private final Path root;

  public LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create blob store folder " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public StoredBlob put(byte[] bytes, String mediaType) {
    String sha = Sha256.hex(bytes);
    Path target = pathOf(sha);
    String uri = target.toUri().toString();
    if (Files.exists(target)) {
      return new StoredBlob(uri, sha, bytes.length, false);
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), sha, ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temp);
        if (!Files.exists(target)) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store blob " + sha + " under " + root, e);
    }
    return new StoredBlob(uri, sha, bytes.length, true);
  }

  @Override
  public byte[] get(String uri) {
    Path path = Path.of(URI.create(uri));
    String expected = path.getFileName().toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(uri);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + uri, e);
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equals(expected)) {
      throw new BlobCorruptException(uri, actual);
    }
    return bytes;
  }

  @Override
  public boolean contains(String sha256) {
    return Sha256.isHex(sha256) && Files.exists(pathOf(sha256));
  }

  private Path pathOf(String sha) {
    return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
  }
}
