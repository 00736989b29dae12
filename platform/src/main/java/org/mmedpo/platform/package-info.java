/**
 * The embedded platform for a laptop or CI: a single-node KRaft Kafka broker in this JVM and a
 * real schema registry (Apicurio Registry, Confluent-compatible API) as a child process, both on
 * loopback, with every topic created and every schema registered.
 */
package org.mmedpo.platform;
