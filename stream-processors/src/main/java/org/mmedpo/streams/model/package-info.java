/**
 * The model versions the model-backed processors use (the newest version and the newest BASE, each
 * followed live from the model-versions topic) and the radiographs they read, prepared for the model.
 */
package org.mmedpo.streams.model;
