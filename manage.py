#!/usr/bin/env python
from dispatchdesk.cli import main

if __name__ == "__main__":
    main()
