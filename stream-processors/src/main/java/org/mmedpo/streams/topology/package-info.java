/**
 * The Kafka Streams topology: a pure factory and its named processors and state stores, from
 * ImageReportPair to DispreferredVariant, ClinicalScore and PreferenceSample.
 */
package org.mmedpo.streams.topology;
