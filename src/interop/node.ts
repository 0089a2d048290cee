// placeholder, being written: tinynn/interop/node
export {};
