/**
 * The content-addressed blob store of the claim-check pattern: images and model archives are
 * stored once under their SHA-256, and events carry only the URI and the hash.
 */
package org.mmedpo.common.blob;
