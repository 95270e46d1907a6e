int admin_api_placeholder;
