def load_registry_demo():
    return 0
