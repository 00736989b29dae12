package org.mmedpo.common.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (1.12.2 on) refuses to instantiate classes that are not trusted when it decodes. Our
 * generated event classes live in {@code org.mmedpo.events}; this adds that package to the
 * process-wide predicate once, on top of whatever the JVM was configured to trust, so no caller
 * has to pass {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}.
 */
final class EventClassTrust {

  private static final String EVENTS_PACKAGE = "org.mmedpo.events.";
  private static boolean installed;

  private EventClassTrust() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
        before, type -> type.getName().startsWith(EVENTS_PACKAGE)));
    installed = true;
  }
}
