from mentor_tui.launch import main

if __name__ == "__main__":
    main()
