// Route families register themselves here; each file exports register(router, context).
export {};
