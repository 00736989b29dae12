/**
 * Typed, layered configuration: each application defines its keys in a Kafka {@code ConfigDef}
 * (type, default, validation, doc); values come from defaults, then a properties file, then
 * {@code MMEDPO_*} environment variables, then command-line flags.
 */
package org.mmedpo.common.config;
