# AddressSanitizer + UndefinedBehaviorSanitizer for every target, failing hard
# on the first report so a test cannot pass with undefined behaviour in it.
add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
