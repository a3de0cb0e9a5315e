print("paved")
