"""Cases on screen: the queue, record page, New Case, Close, solution/article links."""
