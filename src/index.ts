// SDK entry point. Must not import src/platform (the local server and its native dependencies).
export {};
