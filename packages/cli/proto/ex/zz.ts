const x: number = "a"; export {}
