// Entry of this subpath; filled in as the part lands.
export {};
