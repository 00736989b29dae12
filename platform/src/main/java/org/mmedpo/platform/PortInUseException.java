package org.mmedpo.platform;

/** A port the embedded platform needs is taken; the message names the setting to change. */
public class PortInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PortInUseException(String what, String host, int port, String flag, String key) {
    super(what + " port " + port + " on " + host + " is already in use; choose another with "
        + flag + " (setting " + key + ")");
  }
}
