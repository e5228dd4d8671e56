{
  "targets": [
    {
      "target_name": "linalg",
      "sources": ["linalg.c"],
      "cflags": ["-O2", "-std=c11", "-ffp-contract=off"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread"],
      "libraries": ["-llapacke", "-llapack", "-lopenblas"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
