def load_demo() -> int:
    return 0
